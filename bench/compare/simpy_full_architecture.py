#!/usr/bin/python3
"""
The "full web architecture" bench scenario (bench/scenarios.ts, fullArchitecture) in SimPy 2.3.1 -
the classic process API (Debian's python3-simpy; PyPI, and with it SimPy 4, is not reachable from
this machine). NOT SimPy 4: its figures say nothing about SimPy 4's speed.

The same model as bench/compare/simjsFullArchitecture.ts (see there for the network), written the
way SimPy 2 is written: one Process per request, one FIFO Resource per station, a Resource per row
for the primary's row locks, a Process per replicated write, a Tally with a histogram for latency.

    /usr/bin/python3 bench/compare/simpy_full_architecture.py [seconds] [runs]

(/usr/bin/python3: the Debian package installs into the system Python only.) Prints requests per
second of each run and the model figures, to compare with `npm run bench:compare <seconds>`.
"""
import bisect
import os
import random
import sys
import time
from collections import OrderedDict

from SimPy.Simulation import Process, Resource, Simulation, hold, release, request
from SimPy.Recording import Tally

RATE_PER_MS = 1.0  # 1000 req/s
READ_FRACTION = 0.9
KEYS = 100_000
ZIPF_S = 0.99
LB_SERVICE_MS = 0.05
APP_INSTANCES = 4
APP_CORES = 4
APP_SLOTS = 64
APP_CPU_MS = 5.0
CACHE_OP_MS = 0.2
CACHE_CAPACITY = 20_000
CACHE_TTL_MS = 300_000.0
DB_CONNECTIONS = 20
DB_READ_MS = 4.0
DB_WRITE_MS = 10.0
REPLICATION_DELAY_MS = 1.0
APPLY_MS = 2.0
WARMUP_MS = 10_000.0
SEED = 1
HIST_HIGH_MS = 2000.0
HIST_BINS = 40_000  # 0.05 ms bins, for the p99


def zipf_cdf(n, s):
    """Zipf(s) over [0, n), key 0 the most popular, as a cumulative list for bisect."""
    cdf = []
    total = 0.0
    for k in range(n):
        total += (k + 1) ** -s
        cdf.append(total)
    return [c / total for c in cdf]


class LruCache:
    """LRU with a lifetime counted from the write (hits do not extend it)."""

    def __init__(self, capacity, ttl):
        self.capacity = capacity
        self.ttl = ttl
        self.entries = OrderedDict()  # key -> write time; first = least recently used

    def get(self, key, now):
        written = self.entries.get(key)
        if written is None:
            return False
        if now - written >= self.ttl:
            del self.entries[key]
            return False
        self.entries.move_to_end(key)
        return True

    def set(self, key, now):
        self.entries.pop(key, None)
        self.entries[key] = now
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)

    def invalidate(self, key):
        self.entries.pop(key, None)


class Network(Simulation):
    def __init__(self):
        Simulation.__init__(self)
        self.rng = random.Random(SEED)
        self.cdf = zipf_cdf(KEYS, ZIPF_S)
        self.lb = Resource(1, name="lb", sim=self)
        instances = range(APP_INSTANCES)
        self.slots = [Resource(APP_SLOTS, name="app#%d slots" % i, sim=self) for i in instances]
        self.cpus = [Resource(APP_CORES, name="app#%d cpu" % i, sim=self) for i in instances]
        self.cache_station = Resource(1, name="cache", sim=self)
        self.replica = Resource(DB_CONNECTIONS, name="replica", sim=self)
        self.primary = Resource(DB_CONNECTIONS, name="db", sim=self)
        self.apply_thread = Resource(1, name="replica apply", sim=self)
        self.row_locks = {}  # key -> Resource(1): writes to one row run one at a time, FIFO
        self.cache = LruCache(CACHE_CAPACITY, CACHE_TTL_MS)
        self.latency = Tally(name="latency", sim=self)
        self.latency.setHistogram(low=0.0, high=HIST_HIGH_MS, nbins=HIST_BINS)
        self.busy = {"lb": 0.0, "app": 0.0, "cache": 0.0, "replica": 0.0, "db": 0.0}
        self.gets = self.hits = self.arrived = self.completed = 0
        self.rr = 0

    def service(self, station, mean):
        """A service time, counted in the station's busy time after the warm-up."""
        d = self.rng.expovariate(1.0 / mean)
        if self._t >= WARMUP_MS:
            self.busy[station] += d
        return d


class Users(Process):
    def run(self):
        sim = self.sim
        while True:
            yield hold, self, sim.rng.expovariate(RATE_PER_MS)
            sim.arrived += 1
            read = sim.rng.random() < READ_FRACTION
            key = bisect.bisect_right(sim.cdf, sim.rng.random())
            req = WebRequest(sim=sim)
            sim.activate(req, req.run(read, key))


class WarmUp(Process):
    """Statistics count from the end of the warm-up, as our result's do."""

    def run(self):
        yield hold, self, WARMUP_MS
        self.sim.gets = self.sim.hits = 0


class Replication(Process):
    def run(self):
        sim = self.sim
        yield hold, self, REPLICATION_DELAY_MS
        yield request, self, sim.apply_thread
        yield hold, self, sim.rng.expovariate(1.0 / APPLY_MS)
        yield release, self, sim.apply_thread


class WebRequest(Process):
    def run(self, read, key):
        sim = self.sim
        t0 = sim.now()
        yield request, self, sim.lb
        yield hold, self, LB_SERVICE_MS
        if sim._t >= WARMUP_MS:
            sim.busy["lb"] += LB_SERVICE_MS
        yield release, self, sim.lb
        i = sim.rr
        sim.rr = (i + 1) % APP_INSTANCES
        yield request, self, sim.slots[i]  # held for the whole stay
        yield request, self, sim.cpus[i]  # held for the CPU time only
        yield hold, self, sim.service("app", APP_CPU_MS)
        yield release, self, sim.cpus[i]
        if read:
            yield request, self, sim.cache_station
            yield hold, self, sim.service("cache", CACHE_OP_MS)
            yield release, self, sim.cache_station
            hit = sim.cache.get(key, sim.now())  # takes effect at the end of its service
            sim.gets += 1
            if hit:
                sim.hits += 1
            else:
                yield request, self, sim.replica
                yield hold, self, sim.service("replica", DB_READ_MS)
                yield release, self, sim.replica
                yield request, self, sim.cache_station
                yield hold, self, sim.service("cache", CACHE_OP_MS)
                yield release, self, sim.cache_station
                sim.cache.set(key, sim.now())
        else:
            # Connection first; waiting for the row lock keeps it (as ours: database.ts).
            yield request, self, sim.primary
            connected = sim.now()
            lock = sim.row_locks.get(key)
            if lock is None:
                lock = sim.row_locks[key] = Resource(1, name="row %d" % key, sim=sim)
            yield request, self, lock
            yield hold, self, sim.rng.expovariate(1.0 / DB_WRITE_MS)
            yield release, self, lock
            yield release, self, sim.primary
            if sim.now() > WARMUP_MS:  # connection-time, as ours counts utilisation
                sim.busy["db"] += sim.now() - max(connected, WARMUP_MS)
            rep = Replication(sim=sim)
            sim.activate(rep, rep.run())
            yield request, self, sim.cache_station
            yield hold, self, sim.service("cache", CACHE_OP_MS)
            yield release, self, sim.cache_station
            sim.cache.invalidate(key)
        yield release, self, sim.slots[i]
        sim.completed += 1
        if sim.now() >= WARMUP_MS:
            sim.latency.observe(sim.now() - t0)


def p99(tally):
    """Upper edge of the histogram bin where the count crosses 99%."""
    h = tally.histo
    target = 0.99 * tally.count()
    seen = 0
    for i, (_, n) in enumerate(h):
        seen += n
        if seen >= target:
            return h.low + i * h.binsize
    return float("nan")


def run_once(duration_s):
    start = time.perf_counter()
    sim = Network()
    users = Users(sim=sim)
    sim.activate(users, users.run())
    warm = WarmUp(sim=sim)
    sim.activate(warm, warm.run())
    sim.simulate(until=duration_s * 1000.0)
    wall = time.perf_counter() - start
    return sim, wall


def main():
    duration_s = float(sys.argv[1]) if len(sys.argv) > 1 else 200.0
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print("SimPy 2.3.1 (NOT SimPy 4), Python %s, %.0f s simulated" % (sys.version.split()[0], duration_s))
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    run_once(10)  # warm-up: imports, first allocations
    for r in range(1, runs + 1):
        sim, wall = run_once(duration_s)
        print(
            "run %d: %9.0f req/s (%d req, %.2f s)  [load %.2f %.2f %.2f]"
            % ((r, sim.arrived / wall, sim.arrived, wall) + os.getloadavg())
        )
    span = duration_s * 1000.0 - WARMUP_MS
    servers = {
        "lb": 1,
        "app": APP_INSTANCES * APP_CORES,
        "cache": 1,
        "replica": DB_CONNECTIONS,
        "db": DB_CONNECTIONS,
    }
    print("mean latency %.3f ms, p99 %.2f ms, cache hit ratio %.4f, completed %d"
          % (sim.latency.mean(), p99(sim.latency), sim.hits / sim.gets, sim.completed))
    print("utilisation: " + ", ".join("%s %.4f" % (k, sim.busy[k] / (servers[k] * span)) for k in servers))
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
