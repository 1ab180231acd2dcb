print("job:\n  script: echo generated")
