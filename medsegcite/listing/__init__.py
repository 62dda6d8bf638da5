"""The maintainers' list: parsing it into categories and reading identifiers from its links."""
