package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.core.StreamName;
import org.junit.jupiter.api.Test;

class IdempotentIdsTest {
  @Test
  void theSameKeyAndScopeGiveTheSameValidIdAndOthersDiffer() {
    String id = IdempotentIds.derive("carts", "k1");
    assertThat(id).hasSize(26).isEqualTo(IdempotentIds.derive("carts", "k1"));
    assertThat(StreamName.isValidId(id)).isTrue();
    assertThat(IdempotentIds.derive("carts", "k2")).isNotEqualTo(id);
    assertThat(IdempotentIds.derive("shipments:O1", "k1")).isNotEqualTo(id);
  }
}
