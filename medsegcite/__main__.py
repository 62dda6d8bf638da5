from medsegcite.cli import main

main()
