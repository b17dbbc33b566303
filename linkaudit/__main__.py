from linkaudit.cli import main

raise SystemExit(main())
