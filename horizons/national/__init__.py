"""The national overview: every hub's figures side by side, by region, local authority and FSM
band, year on year, for a national body. Group figures only, with suppression."""
