#!/usr/bin/env python3
"""Spread `ai-fence export` over a Dask cluster and merge the manifests.

No scheduler of our own: Dask places the tasks. Each task runs one
`ai-fence export` process, either the streaming mode on a shard of
{path, content} records or the tree mode on one repository, and returns its
manifest. The driver feeds the manifests, in input order, to
`ai-fence export --merge`, which passes the file records through and
recomputes the per-repository summaries. The result equals a single-process
export of the same input, byte for byte.

  export_dask.py --workers 2 --records corpus.jsonl --shard-lines 5000 -- --evidence label,signature
  export_dask.py --scheduler tcp://scheduler:8786 --repos repo-a repo-b -- --scrub /shared/corpus

Everything after `--` is passed to every `ai-fence export`. Workers need
Node.js and dist/cli.js (--ai-fence says how to run it); with --repos they
also need the repositories at the same paths (shared storage), relative to
the driver's working directory.
"""

import argparse
import collections
import os
import shlex
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
DEFAULT_AI_FENCE = f"node {os.path.join(ROOT, 'dist', 'cli.js')}"


class ExportFailed(Exception):
    pass


def run_export(command, args, stdin=None, cwd=None):
    """One `ai-fence export`; returns (exit code, manifest bytes, stderr text). Exit 1 only flags bad records."""
    r = subprocess.run([*command, "export", *args], input=stdin, capture_output=True, cwd=cwd)
    if r.returncode not in (0, 1):
        raise ExportFailed(f"ai-fence export {' '.join(args)} exited {r.returncode}: {r.stderr.decode(errors='replace')}")
    return r.returncode, r.stdout, r.stderr.decode(errors="replace")


def export_shard(command, flags, shard):
    return run_export(command, ["--stdin", *flags], stdin=shard)


def export_repository(command, flags, cwd, repository):
    return run_export(command, [*flags, repository], cwd=cwd)


def record_shards(path, lines_per_shard):
    """The records file in shards of whole lines, in order, read as it goes."""
    shard = []
    with open(path, "rb") as f:
        for line in f:
            shard.append(line if line.endswith(b"\n") else line + b"\n")
            if len(shard) == lines_per_shard:
                yield b"".join(shard)
                shard = []
    if shard:
        yield b"".join(shard)


def in_order(client, submit, items, window):
    """Results in input order, with at most `window` tasks (and their inputs) in flight."""
    pending = collections.deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786)")
    where.add_argument("--workers", type=int, default=2, help="local worker processes (default 2)")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--records", help="JSON Lines file of {path, content[, repository, commit]} records")
    what.add_argument("--repos", nargs="+", help="repositories, one task each (tree mode)")
    parser.add_argument("--shard-lines", type=int, default=5000, help="records per task (default 5000)")
    parser.add_argument("--ai-fence", default=DEFAULT_AI_FENCE, help=f"command (default: {DEFAULT_AI_FENCE})")
    parser.add_argument("--timing", action="store_true", help="print the seconds spent after the cluster is up")
    args, rest = parser.parse_known_args(argv)
    flags = rest[1:] if rest[:1] == ["--"] else rest
    command = shlex.split(args.ai_fence)

    from dask.distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info()["workers"]))
        started = time.monotonic()
        if args.records:
            items = record_shards(args.records, args.shard_lines)
            submit = lambda shard: client.submit(export_shard, command, flags, shard, pure=False)
        else:
            cwd = os.getcwd()
            items = args.repos
            submit = lambda repo: client.submit(export_repository, command, flags, cwd, repo, pure=False)
        merge = subprocess.Popen([*command, "export", "--merge"], stdin=subprocess.PIPE)
        worst = 0
        for code, manifest, stderr in in_order(client, submit, items, 2 * workers):
            worst = max(worst, code)
            sys.stderr.write(stderr)
            merge.stdin.write(manifest)
        merge.stdin.close()
        merged = merge.wait()
        if args.timing:
            sys.stderr.write(f"export_dask: {time.monotonic() - started:.3f} s with {workers} workers\n")
        return merged if merged else worst
    finally:
        client.close()
        if cluster:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
