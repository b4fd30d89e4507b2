"""Pages of the bulletin, by family: :mod:`.reading` (public) and :mod:`.editing` (the
secretariat)."""
