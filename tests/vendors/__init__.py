"""The tests' own facts about each built-in vendor (its kit), one package per vendor:
what shared tests need that the vendor's descriptor does not say (tests/support/vendors)."""
