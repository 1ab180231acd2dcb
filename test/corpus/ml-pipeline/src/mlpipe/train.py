def main() -> None:
    print("training")
