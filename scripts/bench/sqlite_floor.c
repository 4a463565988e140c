/*
 * What SQLite alone needs to store a million people the way `wps` stores them: the same table
 * (personnel_records as migration 0032 leaves it: `id INTEGER PRIMARY KEY`, foreign key, CHECK, no
 * other index), 16 KiB pages, WAL and synchronous=FULL, one transaction, prepared multi-row INSERTs
 * bound through the C API, foreign keys off as in `wps`'s import (WPSDatabase.bulkTransaction).
 * No Swift, no reading of a file: the floor under our import's writer (README, "Import").
 *
 *   apt-get install -y libsqlite3-dev
 *   gcc -O2 scripts/bench/sqlite_floor.c -o /tmp/sqlite_floor -lsqlite3
 *   /tmp/sqlite_floor [rows per INSERT, 64] [folder, /tmp]
 *   PAGE=4096 /tmp/sqlite_floor          # another page size (SQLite's default is 4096)
 *   DATASETINDEX=1 /tmp/sqlite_floor     # with the (dataset_id) index of migration 0031
 *   PERSONINDEX=1 /tmp/sqlite_floor      # with the (dataset_id, person_id) index of migrations 0009-0030
 *   NOCHECK=1 /tmp/sqlite_floor          # CHECK constraints not evaluated, as in `wps`'s import since it
 *                                        # sets PRAGMA ignore_check_constraints for its load
 *   FK=1 /tmp/sqlite_floor            # with foreign keys looked up row by row
 *   SHUFFLED=1 /tmp/sqlite_floor      # people in a random order of their personal numbers
 *   NUMBERED=1 /tmp/sqlite_floor      # rank, NATO code, category, service and unit stored as numbers
 *                                     # of the dataset's texts (migration 0033), not as texts
 *
 * Not a test: the figures depend on the machine.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void run(sqlite3 *db, const char *sql) {
    char *error = 0;
    if (sqlite3_exec(db, sql, 0, 0, &error) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, error);
        exit(1);
    }
}

int main(int argc, char **argv) {
    const int people = 1000000;
    int per = argc > 1 ? atoi(argv[1]) : 64;
    const char *folder = argc > 2 ? argv[2] : "/tmp";
    if (per < 1 || per > 512) per = 64;
    char path[4096], wal[4200], shm[4200];
    snprintf(path, sizeof path, "%s/sqlite-floor.sqlite", folder);
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    unlink(path); unlink(wal); unlink(shm);

    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, 0) != SQLITE_OK) return 1;
    const char *page = getenv("PAGE") ? getenv("PAGE") : "16384";
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA page_size = %d", atoi(page));
    run(db, pragma);
    run(db, "PRAGMA journal_mode = WAL");
    run(db, "PRAGMA synchronous = FULL");
    if (getenv("FK")) run(db, "PRAGMA foreign_keys = ON");
    run(db, "CREATE TABLE datasets (id INTEGER PRIMARY KEY)");
    run(db, "INSERT INTO datasets VALUES (1)");
    // NUMBERED=1: rank, NATO code, category, service and unit as numbers of a dataset's texts
    int numbered = getenv("NUMBERED") != 0;
    run(db, numbered ? "CREATE TABLE personnel_records (id INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL REFERENCES datasets (id), line INTEGER NOT NULL,"
            " person_id TEXT, sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_recorded')), birth_year INTEGER,"
            " national_rank INTEGER, nato_code INTEGER, category INTEGER, service INTEGER, unit INTEGER, decision_making INTEGER, entry_date TEXT,"
            " exit_date TEXT, exit_reason TEXT, deployed_abroad INTEGER)"
                     : "CREATE TABLE personnel_records (id INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL REFERENCES datasets (id), line INTEGER NOT NULL,"
            " person_id TEXT, sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_recorded')), birth_year INTEGER,"
            " national_rank TEXT, nato_code TEXT, category TEXT, service TEXT, unit TEXT, decision_making INTEGER, entry_date TEXT,"
            " exit_date TEXT, exit_reason TEXT, deployed_abroad INTEGER)");
    if (getenv("PERSONINDEX")) run(db, "CREATE INDEX personnel_records_person ON personnel_records (dataset_id, person_id)");
    else if (getenv("DATASETINDEX")) run(db, "CREATE INDEX personnel_records_dataset ON personnel_records (dataset_id)");
    int *order = malloc(sizeof(int) * people);
    for (int k = 0; k < people; k++) order[k] = k;
    unsigned long long seed = 1325;
    for (int k = people - 1; getenv("SHUFFLED") && k > 0; k--) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int j = (int)((seed >> 33) % (unsigned long long)(k + 1)), t = order[k];
        order[k] = order[j];
        order[j] = t;
    }

    double started = now();
    run(db, "BEGIN IMMEDIATE");
    run(db, "PRAGMA defer_foreign_keys = ON");
    if (getenv("NOCHECK")) run(db, "PRAGMA ignore_check_constraints = ON");
    size_t size = 256 + (size_t)per * 40;
    char *sql = malloc(size);
    strcpy(sql, "INSERT OR FAIL INTO personnel_records (dataset_id, line, person_id, sex, birth_year, national_rank, nato_code,"
                " category, service, unit, decision_making, entry_date, exit_date, exit_reason, deployed_abroad) VALUES ");
    for (int r = 0; r < per; r++) strcat(sql, r ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    sqlite3_stmt *insert;
    if (sqlite3_prepare_v2(db, sql, -1, &insert, 0) != SQLITE_OK) return 1;
    char person[16];
    for (int i = 0; i + per <= people; i += per) {
        int p = 1;
        for (int r = 0; r < per; r++) {
            int k = i + r;
            snprintf(person, sizeof person, "P%07d", order[k] + 1);
            sqlite3_bind_int64(insert, p++, 1);
            sqlite3_bind_int64(insert, p++, k + 2);
            sqlite3_bind_text(insert, p++, person, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, p++, k % 5 ? "male" : "female", -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(insert, p++, 1970 + k % 30);
            if (numbered) {
                sqlite3_bind_int64(insert, p++, 4 + k % 20);
                sqlite3_bind_int64(insert, p++, 24 + k % 17);
                sqlite3_bind_int64(insert, p++, 41 + k % 4);
                sqlite3_bind_int64(insert, p++, 45 + k % 6);
                sqlite3_bind_int64(insert, p++, 51 + k % 40);
            } else {
                sqlite3_bind_text(insert, p++, "vojnik I klase", -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(insert, p++, "OR-2", -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(insert, p++, "soldier", -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(insert, p++, "Kopnena vojska", -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(insert, p++, "1. pješadijski bataljon", -1, SQLITE_TRANSIENT);
            }
            sqlite3_bind_int64(insert, p++, 0);
            sqlite3_bind_text(insert, p++, "2006-12-22", -1, SQLITE_TRANSIENT);
            sqlite3_bind_null(insert, p++);
            sqlite3_bind_null(insert, p++);
            sqlite3_bind_int64(insert, p++, 0);
        }
        if (sqlite3_step(insert) != SQLITE_DONE) {
            fprintf(stderr, "%s\n", sqlite3_errmsg(db));
            return 1;
        }
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    double inserted = now();
    run(db, "COMMIT");
    double committed = now();
    printf("SQLite %s, %d rows, %d per INSERT, %d-byte pages%s%s%s%s%s: inserting %.2f s, COMMIT %.2f s, total %.2f s\n", sqlite3_libversion(),
           people - people % per, per, atoi(page),
           getenv("PERSONINDEX") ? ", (dataset, person) index" : getenv("DATASETINDEX") ? ", (dataset) index" : "",
           getenv("FK") ? ", foreign keys on" : "", getenv("NOCHECK") ? ", CHECK not evaluated" : "", numbered ? ", texts numbered" : "", getenv("SHUFFLED") ? ", shuffled" : "",
           inserted - started, committed - inserted, committed - started);
    sqlite3_close(db);
    unlink(path); unlink(wal); unlink(shm);
    free(sql);
    free(order);
    return 0;
}
