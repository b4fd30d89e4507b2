"""The public portal: pages that read across the apps (the home page, the provinces and their
members). Top layer beside the Rapor: nothing imports it but the URLconf."""
