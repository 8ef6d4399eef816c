# The two commands a new user needs. Both install what they need themselves.
.PHONY: run test build clean-data

run:
	./scripts/run.sh

test:
	./scripts/test.sh

build:
	swift build

clean-data:
	rm -rf data
