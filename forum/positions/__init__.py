"""Regional positions: proposals that member states endorse, country by country."""
