"""The library's internals: not for import by users, whose API is what the public modules'
`__all__` lists. A vendor package of your own is built from `attachkit.vendorkit`."""
