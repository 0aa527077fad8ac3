#!/bin/bash
# Runs `enrich run` of two builds on malformed and unusual JSON Lines inputs and says whether their standard output,
# standard error and exit codes are identical, input by input.
#
#   scripts/compare-reading.sh NEW_ENRICH OLD_ENRICH [RULES_DIR]
#
# Inputs: bad JSON, bytes that are not UTF-8 in the middle of a line, CRLF line ends, empty and blank lines, a last
# line without a line break, a line of 3 MB, lines that are no object, a byte order mark at the start and on a later
# line, a UTF-16 file, a directory, an empty file, and the same through standard input and in batches of one lead;
# real leads with --explain; and three files through a pipe that delivers them in pieces cut inside lines.
set -u
new=$1 old=$2 rules=${3:-rules}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
good='{"id":1,"name":"Иван","phone":"+7 912 345-67-89","sourceComment":"перезвоните","statusId":1}'
printf '%s\n{"id":2,"name":\n%s\n' "$good" "$good" > "$dir/bad-json.jsonl"
{ printf '%s\n' "$good"; printf '{"id":3,"name":"Ив\xD0\x41н"}\n'; printf '{"id":4,"name":"a\xF0\x9F\x98"}\n'; printf '%s\n' "$good"; } > "$dir/bad-utf8.jsonl"
printf '%s\r\n%s\r\n' "$good" "$good" > "$dir/crlf.jsonl"
printf '\n%s\n\n   \n\t\n%s\n\n' "$good" "$good" > "$dir/empty-lines.jsonl"
printf '%s\n%s' "$good" "$good" > "$dir/no-last-newline.jsonl"
{ printf '{"id":5,"sourceComment":"'; head -c 3000000 /dev/zero | tr '\0' 'a'; printf '"}\n%s\n' "$good"; } > "$dir/huge-line.jsonl"
printf '[1,2]\n"text"\n42\nnull\n{"id":"7"}\n{"id":-1}\n{"name":"x"}\n{"id":8,"priority":"high"}\n{"id":9} x\n%s\n' "$good" > "$dir/not-objects.jsonl"
printf '\xEF\xBB\xBF%s\n\xEF\xBB\xBF%s\n' "$good" "$good" > "$dir/bom.jsonl"
printf '\xFF\xFE{\x00}\x00\n\x00' > "$dir/utf16.jsonl"
: > "$dir/empty.jsonl"
mkdir "$dir/a-directory.jsonl"
head -n 2000 /tmp/bench/leads20k.jsonl > "$dir/leads2k.jsonl" 2>/dev/null || printf '%s\n' "$good" > "$dir/leads2k.jsonl"
status=0
run() {  # name, then the arguments after `enrich run`; standard input from $input
    local name=$1; shift
    "$new" run --rules "$rules" --now 2026-11-25T09:00:00Z "$@" < "$input" > "$dir/new.out" 2> "$dir/new.err"; local a=$?
    "$old" run --rules "$rules" --now 2026-11-25T09:00:00Z "$@" < "$input" > "$dir/old.out" 2> "$dir/old.err"; local b=$?
    if [ $a -eq $b ] && cmp -s "$dir/new.out" "$dir/old.out" && cmp -s "$dir/new.err" "$dir/old.err"; then
        echo "identical: $name (exit $a)"
    else
        echo "DIFFERENT: $name (exit $a against $b)"; diff <(cat "$dir/new.out" "$dir/new.err") <(cat "$dir/old.out" "$dir/old.err") | head -5
        status=1
    fi
}
for file in "$dir"/*.jsonl; do
    input=/dev/null
    run "$(basename "$file")" --input "$file"
    [ -f "$file" ] || continue
    input=$file
    run "$(basename "$file") on standard input" --input -
    input=/dev/null
    run "$(basename "$file"), batches of 1" --input "$file" --batch-size 1
done
input=/dev/null
run "leads2k.jsonl --explain" --input "$dir/leads2k.jsonl" --explain
# Through a pipe that delivers the input in pieces cut inside lines (reads that return less than a chunk).
for file in "$dir/leads2k.jsonl" "$dir/huge-line.jsonl" "$dir/no-last-newline.jsonl"; do
    for build in new old; do
        if [ $build = new ]; then enrich=$new; else enrich=$old; fi
        { head -c 100001 "$file"; sleep 0.2; tail -c +100002 "$file"; } |
            "$enrich" run --rules "$rules" --now 2026-11-25T09:00:00Z --input - > "$dir/$build.out" 2> "$dir/$build.err"
        echo "exit $?" >> "$dir/$build.err"
    done
    if cmp -s "$dir/new.out" "$dir/old.out" && cmp -s "$dir/new.err" "$dir/old.err"; then
        echo "identical: $(basename "$file") through a pipe in pieces"
    else
        echo "DIFFERENT: $(basename "$file") through a pipe in pieces"; status=1
    fi
done
exit $status
