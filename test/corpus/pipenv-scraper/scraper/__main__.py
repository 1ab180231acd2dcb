print("scraping")
