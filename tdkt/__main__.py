from tdkt.cli.main import main

raise SystemExit(main())
