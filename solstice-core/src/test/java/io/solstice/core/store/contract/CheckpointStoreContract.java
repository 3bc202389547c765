package io.solstice.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.store.CheckpointKey;
import io.solstice.core.store.CheckpointStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract of every {@link CheckpointStore}: a backend's test extends it and supplies a fresh, empty store. */
public abstract class CheckpointStoreContract {

  /** A fresh, empty checkpoint store. */
  protected abstract CheckpointStore checkpoints();

  private static final CheckpointKey FRAUD_ACME = new CheckpointKey("fraud", "acme", "store:feed");
  private static final CheckpointKey FRAUD_GLOBEX = new CheckpointKey("fraud", "globex", "store:feed");
  private static final CheckpointKey MAIL_ACME = new CheckpointKey("mail", "acme", "store:feed");

  @Test
  void aMissingCheckpointLoadsAsZero() {
    assertThat(checkpoints().load(FRAUD_ACME)).isZero();
  }

  @Test
  void aSavedCheckpointLoadsBackAndASecondSaveReplacesIt() {
    CheckpointStore store = checkpoints();
    store.save(FRAUD_ACME, 42);
    store.save(FRAUD_ACME, 57);

    assertThat(store.load(FRAUD_ACME)).isEqualTo(57);
    assertThat(store.load(FRAUD_GLOBEX)).isZero();
  }

  @Test
  void saveAllStoresEveryCheckpoint() {
    CheckpointStore store = checkpoints();
    Map<CheckpointKey, Long> positions = new LinkedHashMap<>();
    positions.put(FRAUD_ACME, 10L);
    positions.put(FRAUD_GLOBEX, 20L);
    positions.put(MAIL_ACME, 30L);

    store.saveAll(positions);

    assertThat(store.load(FRAUD_ACME)).isEqualTo(10);
    assertThat(store.load(FRAUD_GLOBEX)).isEqualTo(20);
    assertThat(store.load(MAIL_ACME)).isEqualTo(30);
  }

  @Test
  void listReturnsOneServicesCheckpointsOrderedByKeyOrEveryServicesWhenNull() {
    CheckpointStore store = checkpoints();
    store.save(MAIL_ACME, 3);
    store.save(FRAUD_GLOBEX, 2);
    store.save(FRAUD_ACME, 1);

    assertThat(store.list("fraud")).containsExactly(Map.entry(FRAUD_ACME, 1L), Map.entry(FRAUD_GLOBEX, 2L));
    assertThat(store.list(null)).containsExactly(Map.entry(FRAUD_ACME, 1L), Map.entry(FRAUD_GLOBEX, 2L), Map.entry(MAIL_ACME, 3L));
  }

  @Test
  void resetDeletesOnlyThatServicesCheckpoints() {
    CheckpointStore store = checkpoints();
    store.save(FRAUD_ACME, 1);
    store.save(MAIL_ACME, 3);

    store.reset("fraud");

    assertThat(store.load(FRAUD_ACME)).isZero();
    assertThat(store.load(MAIL_ACME)).isEqualTo(3);
  }
}
