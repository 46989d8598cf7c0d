from prongsai.cli import main

main()
