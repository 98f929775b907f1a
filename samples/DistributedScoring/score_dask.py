#!/usr/bin/python3
"""Scores the partitions `DistributedScoring prepare` wrote on a Dask distributed cluster.

Without --scheduler it starts a real cluster on this machine for each worker count: a
`dask-scheduler` process and N `dask-worker` processes (one thread each) that talk over TCP on
127.0.0.1, exactly as they would across machines. With --scheduler tcp://host:8786 it uses an
existing cluster instead. Each task receives one partition's rows through Dask (no shared disk is
needed) and scores them with one of two engines:

  dotnet       `DistributedScoring score` (Emotion.ML's OnnxTextClassifier, ONNX Runtime in .NET),
               end to end from raw text: normalize, tokenize, network. Needs .NET on the workers.
  onnxruntime  Python's onnxruntime on the partition's token ids (normalized and tokenized by the
               .NET side in `prepare`, since the normalizer is C#). Needs python3-onnxruntime.

The results must equal the single-machine predictions (`expected.tsv`): same class for every row
and probabilities within --tolerance. Prints the throughput against the number of workers.
"""
import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_SESSION = {}


def score_with_dotnet(lines, scorer, model):
    """A worker's task: pipes 'row<TAB>text' lines through `DistributedScoring score`."""
    done = subprocess.run(scorer + ["score", "--model", model, "--threads", "1"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"DistributedScoring score exited with {done.returncode}: {done.stderr.strip()}")
    return parse_probabilities(done.stdout.splitlines())


def score_with_onnxruntime(lines, model):
    """A worker's task: 'row<TAB>ids' lines through an ONNX Runtime session kept per worker process."""
    import numpy as np
    import onnxruntime as ort

    if model not in _SESSION:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        meta = session.get_modelmeta().custom_metadata_map
        _SESSION[model] = (session, int(meta.get("emotion_ml.min_sequence_length", "1")))
    session, min_steps = _SESSION[model]
    rows = [(int(r), [int(t) for t in ids.split()]) for r, ids in (line.split("\t", 1) for line in lines)]
    rows.sort(key=lambda row: len(row[1]))  # similar lengths together, as OnnxTextClassifier does
    result = {}
    for start in range(0, len(rows), 128):
        group = rows[start:start + 128]
        steps = max(min_steps, 1, max(len(ids) for _, ids in group))
        token_ids = np.zeros((len(group), steps), dtype=np.int64)
        for i, (_, ids) in enumerate(group):
            token_ids[i, :len(ids)] = ids
        lengths = np.array([len(ids) for _, ids in group], dtype=np.int64)
        probabilities = session.run(["probabilities"], {"token_ids": token_ids, "lengths": lengths})[0]
        for (row, _), p in zip(group, probabilities):
            result[row] = [float(v) for v in p]
    return result


def parse_probabilities(lines):
    result = {}
    for number, line in enumerate(lines, 1):
        row, values = line.split("\t")
        result[int(row)] = [float(v) for v in values.split(",")]
    return result


def check(results, expected, tolerance):
    """The largest probability difference, after checking every row is there with the same class."""
    if set(results) != set(expected):
        missing = sorted(set(expected) - set(results))[:5]
        raise SystemExit(f"the workers returned {len(results)} rows, expected {len(expected)} (missing e.g. {missing})")
    worst = 0.0
    for row, want in expected.items():
        got = results[row]
        if max(range(len(got)), key=got.__getitem__) != max(range(len(want)), key=want.__getitem__):
            raise SystemExit(f"row {row}: the workers predict class {got}, the single machine {want}")
        worst = max(worst, max(abs(a - b) for a, b in zip(got, want)))
    if worst > tolerance:
        raise SystemExit(f"largest probability difference {worst:.3g} exceeds the tolerance {tolerance}")
    return worst


class LocalCluster:
    """A scheduler and worker processes on this machine, started as separate `dask` commands."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.scheduler_file = self.folder / "scheduler.json"
        self.workers = []
        self.scheduler = self._start(["dask-scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--scheduler-file", str(self.scheduler_file)], "scheduler")
        deadline = time.time() + 60
        while not self.scheduler_file.exists():
            if time.time() > deadline or self.scheduler.poll() is not None:
                raise SystemExit("dask-scheduler did not start; see " + str(self.folder / "scheduler.log"))
            time.sleep(0.2)
        self.address = json.loads(self.scheduler_file.read_text())["address"]

    def _start(self, command, name):
        log = open(self.folder / f"{name}.log", "w")
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    def start_workers(self, count):
        for i in range(len(self.workers), count):
            self.workers.append(self._start(["dask-worker", "--scheduler-file", str(self.scheduler_file), "--host", "127.0.0.1",
                                             "--nthreads", "1", "--nworkers", "1", "--no-dashboard", "--memory-limit", "2GB",
                                             "--name", f"worker-{i}"], f"worker-{i}"))

    def stop_workers(self):
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        self.workers = []

    def close(self):
        self.stop_workers()
        self.scheduler.terminate()
        try:
            self.scheduler.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.scheduler.kill()


def run_job(client, partitions, task, task_args):
    """Submits one task per partition and waits for all: returns (results, seconds)."""
    start = time.perf_counter()
    futures = [client.submit(task, lines, *task_args, pure=False) for lines in partitions]
    results = {}
    for part in client.gather(futures):
        results.update(part)
    return results, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prepared", required=True, help="the folder `DistributedScoring prepare` wrote")
    parser.add_argument("--model", required=True, help="the exported .onnx file (a path every worker can read)")
    parser.add_argument("--scorer", default="", help="command that runs DistributedScoring, e.g. 'dotnet /path/DistributedScoring.dll'")
    parser.add_argument("--engine", choices=["auto", "dotnet", "onnxruntime"], default="auto")
    parser.add_argument("--workers", default="1,2,4", help="worker counts of the local cluster (ignored with --scheduler)")
    parser.add_argument("--scheduler", help="address of an existing cluster, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--tolerance", type=float, default=1e-5)
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per worker count; the fastest is reported")
    args = parser.parse_args()

    from distributed import Client

    prepared = Path(args.prepared)
    engine = args.engine
    if engine == "auto":
        engine = "onnxruntime" if importlib.util.find_spec("onnxruntime") else "dotnet"
    if engine == "dotnet" and not args.scorer:
        raise SystemExit("--scorer is needed for the dotnet engine")
    prefix = "text" if engine == "dotnet" else "ids"
    files = sorted(prepared.glob(f"partitions/{prefix}-*.tsv"))
    if not files:
        raise SystemExit(f"no partitions/{prefix}-*.tsv in {prepared}: run `DistributedScoring prepare` first")
    partitions = [f.read_text(encoding="utf-8").splitlines() for f in files]
    expected = parse_probabilities((prepared / "expected.tsv").read_text().splitlines())
    single = json.loads((prepared / "single-machine.json").read_text())
    sentences = sum(len(p) for p in partitions)
    task, task_args = ((score_with_dotnet, (args.scorer.split(), os.path.abspath(args.model))) if engine == "dotnet"
                       else (score_with_onnxruntime, (os.path.abspath(args.model),)))
    print(f"{sentences:,} sentences in {len(partitions)} partitions; engine: {engine}; {os.cpu_count()} cores on this machine")

    rows = []

    def measure(client, label):
        client.run(lambda: None)  # every worker is up
        warm, _ = run_job(client, partitions[:len(client.scheduler_info()["workers"])], task, task_args)  # load .NET / sessions once
        best = None
        for _ in range(max(1, args.repeat)):
            results, seconds = run_job(client, partitions, task, task_args)
            best = seconds if best is None else min(best, seconds)
        worst = check(results, expected, args.tolerance)
        load = os.getloadavg()[0]  # other work on the machine takes cores the workers would use
        rows.append({"workers": label, "seconds": round(best, 2), "sentences_per_second": round(sentences / best),
                     "max_probability_difference": worst, "load_average_1min": round(load, 1)})
        print(f"  {label} worker(s): {best:6.2f} s, {sentences / best:9,.0f} sentences/s, results equal the single machine's "
              f"(largest probability difference {worst:.2g}); load average {load:.1f}", flush=True)

    if args.scheduler:
        with Client(args.scheduler) as client:
            measure(client, len(client.scheduler_info()["workers"]))
    else:
        if shutil.which("dask-scheduler") is None:
            raise SystemExit("dask-scheduler not found: install python3-distributed")
        folder = tempfile.mkdtemp(prefix="emotion-ml-dask-")
        cluster = LocalCluster(folder)
        try:
            print(f"scheduler at {cluster.address} (logs in {folder})")
            for count in [int(c) for c in args.workers.split(",")]:
                cluster.start_workers(count)
                with Client(cluster.address, timeout=60) as client:
                    client.wait_for_workers(count, timeout=120)
                    measure(client, count)
                cluster.stop_workers()
        finally:
            cluster.close()
        shutil.rmtree(folder, ignore_errors=True)

    base = rows[0]["sentences_per_second"]
    print()
    print("| workers | seconds | sentences/s | vs 1 worker | largest probability difference | load average (1 min) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| single process ({single['threads']} threads, no Dask) | | {single['sentences_per_second']:,} | | 0 | |")
    for row in rows:
        print(f"| {row['workers']} | {row['seconds']} | {row['sentences_per_second']:,} | {row['sentences_per_second'] / base:.2f}x "
              f"| {row['max_probability_difference']:.2g} | {row['load_average_1min']} |")
    (prepared / "dask-results.json").write_text(json.dumps({"engine": engine, "sentences": sentences, "partitions": len(partitions),
                                                           "cores": os.cpu_count(), "single_machine": single, "runs": rows}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
