#!/usr/bin/env python
"""Development convenience; the installed command is ``akkopsi``."""

from akkopsi.__main__ import main

if __name__ == "__main__":
    main()
