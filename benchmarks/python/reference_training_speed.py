#!/usr/bin/python3
"""Training-speed reference: the seed networks in PyTorch on this machine.

Trains on the CARER train split with the same settings as Emotion.ML's benchmarks (batch 128,
Adam 1e-3, GloVe 100d fine-tuned, length-bucketed batches padded to their own longest row) and
prints training samples/s per network. Needs Debian's python3-torch (PyPI is not reachable here):

    apt-get install python3-torch
    /usr/bin/python3 benchmarks/python/reference_training_speed.py [--threads 2] [--batches 60]
"""
import argparse
import gzip
import os
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(split, vocab, labels, grow):
    rows = []
    with open(os.path.join(ROOT, "data", "carer-emotion", f"{split}.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            text, label = line.rstrip("\n").rsplit("\t", 1)
            ids = []
            for w in text.split():
                if w not in vocab and grow:
                    vocab[w] = len(vocab)
                ids.append(vocab.get(w, 1))
            labels.setdefault(label, len(labels))
            rows.append((ids, labels[label]))
    return rows


class TextCnn(nn.Module):
    def __init__(self, emb, classes):
        super().__init__()
        self.emb = emb
        self.c1, self.b1 = nn.Conv1d(emb.embedding_dim, 256, 5, padding=2), nn.BatchNorm1d(256)
        self.c2, self.b2 = nn.Conv1d(256, 256, 5, padding=2), nn.BatchNorm1d(256)
        self.d1, self.n1 = nn.Linear(256, 256), nn.BatchNorm1d(256)
        self.d2, self.n2 = nn.Linear(256, 128), nn.BatchNorm1d(128)
        self.out, self.drop = nn.Linear(128, classes), nn.Dropout(0.5)

    def forward(self, ids, lengths):
        mask = (torch.arange(ids.shape[1])[None, :] < lengths[:, None]).float()[:, None, :]
        x = self.emb(ids).transpose(1, 2)
        x = self.b1(F.relu(self.c1(x))) * mask
        x = self.b2(F.relu(self.c2(x))) * mask
        x = x.masked_fill(mask == 0, float("-inf")).amax(2)
        x = self.drop(F.relu(self.n1(self.d1(x))))
        x = self.drop(F.relu(self.n2(self.d2(x))))
        return self.out(x)


class BiLstm(nn.Module):
    def __init__(self, emb, units, classes):
        super().__init__()
        self.emb, self.layers = emb, nn.ModuleList()
        size = emb.embedding_dim
        for u in units:
            self.layers.append(nn.LSTM(size, u, batch_first=True, bidirectional=True))
            size = 2 * u
        self.drop = nn.Dropout(0.2)
        self.dense, self.out = nn.Linear(size, 128), nn.Linear(128, classes)

    def forward(self, ids, lengths):
        x = self.emb(ids)
        for i, layer in enumerate(self.layers):
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths.clamp(min=1), batch_first=True, enforce_sorted=False)
            out, (h, _) = layer(packed)
            if i == len(self.layers) - 1:
                x = torch.cat([h[0], h[1]], 1)
            else:
                x = self.drop(nn.utils.rnn.pad_packed_sequence(out, batch_first=True)[0])
        return self.out(F.relu(self.dense(self.drop(x))))


def batches(rows, size, seed):
    rng = random.Random(seed)
    order = list(range(len(rows)))
    rng.shuffle(order)
    out = []
    for start in range(0, len(order), size * 50):
        pool = sorted(order[start:start + size * 50], key=lambda i: len(rows[i][0]))
        out += [pool[b:b + size] for b in range(0, len(pool), size)]
    rng.shuffle(out)
    return out


def collate(rows, batch, min_steps):
    steps = max(min_steps, max(len(rows[i][0]) for i in batch))
    ids = torch.zeros(len(batch), steps, dtype=torch.long)
    for r, i in enumerate(batch):
        ids[r, :len(rows[i][0])] = torch.tensor(rows[i][0], dtype=torch.long)
    lengths = torch.tensor([len(rows[i][0]) for i in batch])
    return ids, lengths, torch.tensor([rows[i][1] for i in batch])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", type=int, default=60)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    vocab, labels = {"<pad>": 0, "<unk>": 1}, {}
    train = load("train", vocab, labels, True)
    vectors = torch.randn(len(vocab), 100) * 0.1
    with gzip.open(os.path.join(ROOT, "data", "glove", "glove.6B.100d.emotion.txt.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            word, *values = line.rstrip().split(" ")
            if word in vocab:
                vectors[vocab[word]] = torch.tensor([float(v) for v in values])
    vectors[0] = 0
    print(f"torch {torch.__version__}, {args.threads} threads, vocabulary {len(vocab)}, {args.batches} batches of 128")
    nets = {
        "TextCnn (seed)": lambda e: TextCnn(e, len(labels)),
        "BiLstm 1 x 128": lambda e: BiLstm(e, [128], len(labels)),
        "BiLstm 256/128/128 (seed)": lambda e: BiLstm(e, [256, 128, 128], len(labels)),
    }
    for name, make in nets.items():
        for sparse in (False, True):
            emb = nn.Embedding.from_pretrained(vectors.clone(), freeze=False, padding_idx=0, sparse=sparse)
            net = make(emb)
            dense = [p for n, p in net.named_parameters() if not n.startswith("emb.")]
            optimizers = [torch.optim.Adam(dense, 1e-3)]
            optimizers.append(torch.optim.SparseAdam(list(emb.parameters()), 1e-3) if sparse else torch.optim.Adam(emb.parameters(), 1e-3))
            net.train()
            seen, start = 0, None
            for k, batch in enumerate(batches(train, 128, 1)[:args.batches + 5]):
                if k == 5:   # warm-up batches are not timed
                    seen, start = 0, time.perf_counter()
                ids, lengths, y = collate(train, batch, 5)
                loss = F.cross_entropy(net(ids, lengths), y)
                for o in optimizers:
                    o.zero_grad()
                loss.backward()
                for o in optimizers:
                    o.step()
                seen += len(batch)
            rate = seen / (time.perf_counter() - start)
            print(f"{name:28s} embedding {'sparse (SparseAdam)' if sparse else 'dense (Adam)':20s} {rate:8.0f} samples/s")


if __name__ == "__main__":
    main()
