from linkaudit.cli import run

run()
