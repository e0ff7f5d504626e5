"""The coaching flow of the CMG procedure: the board, samples, checks, corrections."""
