from crimekg.cli import main

raise SystemExit(main())
