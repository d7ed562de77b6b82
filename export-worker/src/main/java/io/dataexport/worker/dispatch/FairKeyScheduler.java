package io.dataexport.worker.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides which held record runs next. Each key is a lane whose records run one at a time in
 * arrival (offset) order; lanes of different keys run side by side, within the global and the
 * per-tenant limit. When a slot frees, the tenant with the fewest running records among those with
 * a runnable lane gets it, ties going round-robin, and within a tenant its lanes take turns: a
 * tenant with hundreds of queued records cannot starve another tenant's single one.
 *
 * <p>A lane whose head is waiting for a retry is not runnable, but keeps its later records behind
 * it. Not thread-safe: guarded by the dispatcher's lock; no threads or clocks here.
 */
final class FairKeyScheduler {

  private final int maxRunning;
  private final int maxRunningPerTenant;
  private final Map<String, Lane> lanes = new HashMap<>();
  private final Map<String, Tenant> tenants = new HashMap<>();
  // tenants that may have a runnable lane, in round-robin order (checked lazily in next())
  private final LinkedHashSet<Tenant> turns = new LinkedHashSet<>();
  private int held;
  private int running;

  FairKeyScheduler(int maxRunning, int maxRunningPerTenant) {
    this.maxRunning = maxRunning;
    this.maxRunningPerTenant = maxRunningPerTenant;
  }

  void add(PendingRecord record) {
    Lane lane =
        lanes.computeIfAbsent(
            record.key(), key -> new Lane(tenants.computeIfAbsent(record.tenant(), Tenant::new)));
    lane.records.addLast(record);
    held++;
    offer(lane);
  }

  /** The record to start now, already counted as running; null when none may start. */
  PendingRecord next() {
    if (running >= maxRunning) {
      return null;
    }
    Tenant chosen = null;
    for (Iterator<Tenant> it = turns.iterator(); it.hasNext(); ) {
      Tenant tenant = it.next();
      if (tenant.firstRunnableLane() == null) {
        it.remove();
      } else if (tenant.running < maxRunningPerTenant
          && (chosen == null || tenant.running < chosen.running)) {
        chosen = tenant;
      }
    }
    if (chosen == null) {
      return null;
    }
    Lane lane = chosen.firstRunnableLane();
    chosen.runnable.pollFirst();
    lane.offered = false;
    lane.running = true;
    chosen.running++;
    running++;
    turns.remove(chosen); // to the back of the round
    turns.add(chosen);
    return lane.records.peekFirst();
  }

  /** The running record is done with (finished, or revoked): its key's next record may run. */
  void remove(PendingRecord record) {
    Lane lane = stopRunning(record);
    lane.records.pollFirst();
    held--;
    offer(lane);
    forgetIfIdle(record.key(), lane);
  }

  /** The running record stays at the head of its key, not runnable until {@link #wake}. */
  void hold(PendingRecord record) {
    stopRunning(record).waitingFor = record;
  }

  /** The retry delay of {@code record} elapsed: its key may run again, if it still holds it. */
  void wake(PendingRecord record) {
    Lane lane = lanes.get(record.key());
    if (lane != null && lane.waitingFor == record) {
      lane.waitingFor = null;
      offer(lane);
    }
  }

  /** Drops the records that match and are not running; returns how many were dropped. */
  int dropWaiting(Predicate<PendingRecord> drop) {
    int dropped = 0;
    for (Iterator<Map.Entry<String, Lane>> it = lanes.entrySet().iterator(); it.hasNext(); ) {
      Lane lane = it.next().getValue();
      PendingRecord head = lane.running ? lane.records.pollFirst() : null;
      int before = lane.records.size();
      lane.records.removeIf(drop);
      dropped += before - lane.records.size();
      if (head != null) {
        lane.records.addFirst(head);
      }
      if (lane.waitingFor != null && !lane.records.contains(lane.waitingFor)) {
        lane.waitingFor = null;
      }
      offer(lane);
      if (lane.records.isEmpty()) {
        it.remove();
        forgetTenantWithoutLanes(lane.tenant);
      }
    }
    held -= dropped;
    return dropped;
  }

  List<PendingRecord> runningRecords() {
    List<PendingRecord> result = new ArrayList<>(running);
    lanes.values().stream().filter(l -> l.running).forEach(l -> result.add(l.records.peekFirst()));
    return result;
  }

  int running() {
    return running;
  }

  /** Records held and not running: queued behind their key, runnable, or waiting for a retry. */
  int waiting() {
    return held - running;
  }

  private Lane stopRunning(PendingRecord record) {
    Lane lane = lanes.get(record.key());
    if (lane == null || !lane.running || lane.records.peekFirst() != record) {
      throw new IllegalStateException(record + " is not running");
    }
    lane.running = false;
    lane.tenant.running--;
    running--;
    return lane;
  }

  private void offer(Lane lane) {
    if (lane.isRunnable() && !lane.offered) {
      lane.offered = true;
      lane.tenant.runnable.addLast(lane);
      turns.add(lane.tenant);
    }
  }

  private void forgetIfIdle(String key, Lane lane) {
    if (lane.records.isEmpty() && lanes.remove(key, lane)) {
      forgetTenantWithoutLanes(lane.tenant);
    }
  }

  /** Called for each lane forgotten; a tenant left without lanes has nothing running either. */
  private void forgetTenantWithoutLanes(Tenant tenant) {
    if (--tenant.lanes == 0) {
      tenants.remove(tenant.name, tenant);
    }
  }

  /** The records of one key. */
  private static final class Lane {
    final Tenant tenant;
    final ArrayDeque<PendingRecord> records = new ArrayDeque<>();
    boolean running;
    PendingRecord waitingFor;
    boolean offered; // in its tenant's runnable queue (perhaps no longer runnable: checked lazily)

    Lane(Tenant tenant) {
      this.tenant = tenant;
      tenant.lanes++;
    }

    boolean isRunnable() {
      return !running && waitingFor == null && !records.isEmpty();
    }
  }

  /** The lanes of one tenant; it is forgotten with its last lane. */
  private static final class Tenant {
    final String name;
    final ArrayDeque<Lane> runnable = new ArrayDeque<>();
    int lanes;
    int running;

    Tenant(String name) {
      this.name = name;
    }

    Lane firstRunnableLane() {
      while (!runnable.isEmpty() && !runnable.peekFirst().isRunnable()) {
        runnable.pollFirst().offered = false;
      }
      return runnable.peekFirst();
    }
  }
}
