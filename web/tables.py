"""Imports every module that defines tables, so `Database.create_all` sees them all."""
