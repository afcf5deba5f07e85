import { hash } from "node:crypto";

/** The smallest `itemUidMaxLength` accepted: below it a shortened uid would not fit its own marks. */
export const MIN_ITEM_UID_LENGTH = 32;

/**
 * Shortens an item uid longer than `maxLength` deterministically: `prefix..N..suffix-<md5 8 hex>`, where
 * N counts the characters left out. Idempotent: a shortened uid is returned unchanged.
 */
export function shortenItemUid(uid: string, maxLength: number): string {
  if (uid.length <= maxLength) return uid;
  const cut = Math.floor((maxLength - 13 - String(uid.length).length) / 2);
  // Never cut a surrogate pair in two: a lone surrogate cannot be stored.
  const end = isHighSurrogate(uid.charCodeAt(cut - 1)) ? cut - 1 : cut;
  const start = isLowSurrogate(uid.charCodeAt(uid.length - cut)) ? uid.length - cut + 1 : uid.length - cut;
  const digest = hash("md5", uid, "hex").slice(0, 8);
  const short = `${uid.slice(0, end)}..${start - end}..${uid.slice(start)}-${digest}`;
  return short.length < uid.length ? short : uid;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
