"""Analysis over the archive: statistics, the co-occurrence network, matching a need to who can help."""
