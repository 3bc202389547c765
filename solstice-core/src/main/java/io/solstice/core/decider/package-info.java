/** Null-checked by NullAway: nothing here is null unless marked {@code @Nullable}. */
@NullMarked
package io.solstice.core.decider;

import org.jspecify.annotations.NullMarked;
