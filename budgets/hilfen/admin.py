# Deliberately no admin for Hilfen: they are case data (docs/fachkonzept.md §5) and are
# shown and changed only on FD 51's pages, through the services, with every
# view logged. The view log and the anonymisation runs are on /hilfen/protokoll/.
