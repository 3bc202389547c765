/** Null-checked by NullAway: nothing here is null unless marked {@code @Nullable}. */
@NullMarked
package io.solstice.core.store;

import org.jspecify.annotations.NullMarked;
