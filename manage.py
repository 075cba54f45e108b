#!/usr/bin/env python
from renda.cli import main

if __name__ == "__main__":
    main()
