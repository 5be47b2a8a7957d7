# Split a qda stream into N shards of whole docs, in order, for a Slurm job array (or any set of
# machines): the records before the first doc's (provenance, study, participants) go to shard 0,
# then every doc's records go, together, to one shard, docs in order, about the same number of
# lines per shard. Concatenating the shards' outputs in shard order, with each tool's provenance
# record kept once, gives the bytes of a single run. Two passes over the file (count, then
# write), so its memory does not grow with the input: give the file twice.
#   awk -v n=4 -v prefix=shard. -f split-by-doc.awk units.jsonl units.jsonl   # shard.0 … shard.3
BEGIN { if (n < 1) n = 1; shard = 0; count = 0; last = "" }
FNR == NR { total = NR; next }
FNR == 1 { per = int((total + n - 1) / n); if (per < 1) per = 1 }
{
  doc = ""
  if (match($0, /"doc":"[^"]*"/)) doc = substr($0, RSTART + 7, RLENGTH - 8)
  else if ($0 ~ /"kind":"doc"/ && match($0, /"id":"[^"]*"/)) doc = substr($0, RSTART + 6, RLENGTH - 7)
  # a new shard only where a new doc begins, once this one is full
  if (doc != "" && doc != last && count >= per && shard < n - 1) { shard++; count = 0 }
  if (doc != "") last = doc
  print > (prefix shard)
  count++
}
END { for (s = 0; s < n; s++) printf "" >> (prefix s) }
