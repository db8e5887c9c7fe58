#!/bin/sh
# The issue-9 fuzzing campaign: each target in turn (one fuzzer at a time) for a fixed number
# of executions; per-target stats in logs/TARGET.out. ./campaign.sh [TARGET:RUNS ...]
cd "$(dirname "$0")"
plan=${*:-"formula:20000000 group_json_line:30000000 price_line:20000000 provider_file:15000000 tables:15000000 group_csv:3000000"}
for item in $plan; do
    target=${item%%:*}
    runs=${item#*:}
    ./run.sh "$target" -runs="$runs" -max_total_time=1500 > "logs/$target.out" 2>&1
    echo "$target: exit $? $(grep -E 'executed_units|exec_per_sec' "logs/$target.out" | tr -s ' ' | tr '\n' ' ')"
    cp logs/fuzz-0.log "logs/$target.fuzz-0.log" 2>/dev/null
done
