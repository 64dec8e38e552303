# Bầu cử Tổ dân phố — the two commands: `make run` and `make test` (and `make demo-run` to try the demo ward).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app wsgi

.PHONY: run demo-run test lint setup setup-dev db demo translations system-deps bench bundle check-bundle clean help

help:
	@echo "make run      – cài đặt, tạo CSDL SQLite, chạy ở http://127.0.0.1:$(PORT) (lần đầu: thiết lập phường)"
	@echo "make demo-run – như make run, nhưng nạp phường mẫu (tài khoản thử in ra) khi CSDL còn trống"
	@echo "make test   – cài đặt và chạy toàn bộ bộ kiểm thử"
	@echo "make bench  – chạy các phép đo tốc độ trong bench/"
	@echo "make bundle – gói cài đặt ngoại tuyến bundle/ (Windows, Linux; Python 3.11–3.13), kiểm tra không mạng"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt requirements-reader.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

setup: $(VENV)/.runtime translations
setup-dev: $(VENV)/.dev translations

translations: $(VENV)/.runtime
	@$(BIN)/pybabel -q compile -d app/translations

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo load --if-empty
	@$(FLASK) demo logins

run: db
	@echo "→ http://127.0.0.1:$(PORT)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

demo-run: demo
	@echo "→ http://127.0.0.1:$(PORT)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

system-deps:
	@bash scripts/system-deps.sh

test: setup-dev system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

BENCH_PG ?= postgresql://postgres@127.0.0.1:5432/test

lint: setup-dev
	$(BIN)/ruff check app ballots bench reader tests config.py wsgi.py

bench: setup-dev
	$(BIN)/python bench/ballots.py
	$(BIN)/python bench/roll_import.py
	$(BIN)/python bench/count_load.py --postgres $(BENCH_PG)
	@if [ -f bench/city_dashboard.py ]; then $(BIN)/python bench/city_dashboard.py --postgres $(BENCH_PG); fi
	$(BIN)/python bench/ward_scale.py

bundle: setup
	@bash scripts/make-bundle.sh
	@bash scripts/check-bundle.sh bundle

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
