"""Each country's cooperation offer and demand: listings, country profiles, matching."""
