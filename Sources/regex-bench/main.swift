print("regex-bench: not written yet")
