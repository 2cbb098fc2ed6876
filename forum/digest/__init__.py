"""The quarterly digest: issues of the electronic magazine on cooperation."""
