def test_truth() -> None:
    assert True
