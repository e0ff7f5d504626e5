"""`floorwatch serve`: the app in a browser through textual-serve."""
