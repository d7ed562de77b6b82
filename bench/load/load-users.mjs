import { createHash } from 'node:crypto'

/** A stable UUID-shaped id (the API wants a UUID) for the i-th load user. */
export function loadUserId (i) {
  const h = createHash('sha256').update(`load-user/${i}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}
