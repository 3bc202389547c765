package io.solstice.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.Lease;
import io.solstice.core.store.LeaseLostException;
import io.solstice.core.store.LeaseStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link LeaseStore}, and of checkpoint writes fenced by its leases: a
 * backend's test extends it and supplies fresh, empty stores on one database.
 */
public abstract class LeaseStoreContract {

  /** A fresh, empty lease store. */
  protected abstract LeaseStore leases();

  /** The checkpoint store on the same database as {@link #leases()} (called after it). */
  protected abstract CheckpointStore checkpoints();

  /** Lets a lease granted for {@link #SHORT} expire (waits, or moves a clock). */
  protected abstract void letShortLeasesExpire() throws InterruptedException;

  protected static final Duration LONG = Duration.ofMinutes(5);
  protected static final Duration SHORT = Duration.ofMillis(600);
  private static final CheckpointKey KEY = new CheckpointKey("fraud", "acme", "store:Order");

  @Test
  void aFreeLeaseIsGrantedAndAHeldOneIsRefusedToAnotherHolder() {
    LeaseStore leases = leases();
    Optional<Lease> a = leases.tryAcquire("service:fraud", "a", LONG);

    assertThat(a).isPresent();
    assertThat(leases.tryAcquire("service:fraud", "b", LONG)).isEmpty();
    assertThat(leases.tryAcquire("service:mail", "b", LONG)).isPresent();
  }

  @Test
  void renewingKeepsTheLeaseAndOnlyTheCurrentGrantRenews() throws InterruptedException {
    LeaseStore leases = leases();
    Lease first = leases.tryAcquire("service:fraud", "a", SHORT).orElseThrow();
    letShortLeasesExpire();
    Lease second = leases.tryAcquire("service:fraud", "b", LONG).orElseThrow();

    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(leases.renew(List.of(first), LONG)).isEmpty();
    assertThat(leases.renew(List.of(second), LONG)).containsExactly(second);
    assertThat(leases.tryAcquire("service:fraud", "a", LONG)).isEmpty();
  }

  @Test
  void anExpiredLeaseIsTakenOverWithAHigherToken() throws InterruptedException {
    LeaseStore leases = leases();
    Lease a = leases.tryAcquire("service:fraud", "a", SHORT).orElseThrow();
    letShortLeasesExpire();

    Lease b = leases.tryAcquire("service:fraud", "b", LONG).orElseThrow();

    assertThat(b.holder()).isEqualTo("b");
    assertThat(b.token()).isGreaterThan(a.token());
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() {
    LeaseStore leases = leases();
    Lease a = leases.tryAcquire("service:fraud", "a", LONG).orElseThrow();
    leases.release(a);

    assertThat(leases.tryAcquire("service:fraud", "b", LONG)).isPresent();
    assertThat(leases.list()).extracting(LeaseStore.LeaseInfo::holder, LeaseStore.LeaseInfo::live).containsExactly(
        org.assertj.core.groups.Tuple.tuple("b", true));
  }

  @Test
  void aFencedCheckpointWriteSucceedsWhileTheLeaseIsHeldAndNeverMovesBackwards() {
    LeaseStore leases = leases();
    CheckpointStore checkpoints = checkpoints();
    Lease a = leases.tryAcquire("service:fraud", "a", LONG).orElseThrow();

    checkpoints.saveAll(Map.of(KEY, 40L), a);
    checkpoints.saveAll(Map.of(KEY, 30L), a);

    assertThat(checkpoints.load(KEY)).isEqualTo(40);
  }

  @Test
  void aStaleInstanceCannotMoveACheckpointOnceAnotherTookTheLeaseOver() throws InterruptedException {
    LeaseStore leases = leases();
    CheckpointStore checkpoints = checkpoints();
    Lease stale = leases.tryAcquire("service:fraud", "a", SHORT).orElseThrow();
    checkpoints.saveAll(Map.of(KEY, 10L), stale);
    letShortLeasesExpire();
    Lease current = leases.tryAcquire("service:fraud", "b", LONG).orElseThrow();

    assertThatThrownBy(() -> checkpoints.saveAll(Map.of(KEY, 99L), stale)).isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("service:fraud").hasMessageContaining("another instance has taken over");
    assertThat(checkpoints.load(KEY)).isEqualTo(10);
    checkpoints.saveAll(Map.of(KEY, 20L), current);
    assertThat(checkpoints.load(KEY)).isEqualTo(20);
  }
}
