// /access: realms, tickets, permissions, users, groups, roles, ACLs and tokens.

import { findUser, splitTokenId } from '../access/config'
import { createTicket } from '../access/ticket'
import { ok } from '../http'
import { rolesOf } from '../model'
import { bool, str } from '../params'
import type { Route } from '../router'
import { ApiError, caller, forbidden } from '../router'
import {
  aclEntries,
  domainEntries,
  groupEntries,
  roleEntries,
  tokenEntries,
  userEntries,
} from '../views/access'

export const ACCESS_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/access/domains',
    run: (rc) => ok(domainEntries(rc.cluster.access)),
  },
  // The GUI's dummy: it only exists so that the login form can GET something.
  { method: 'GET', path: '/access/ticket', run: () => ok(null) },
  {
    method: 'POST',
    path: '/access/ticket',
    run: (rc) =>
      createTicket({
        cluster: rc.cluster,
        auth: rc.ctx.auth,
        perms: rc.perms,
        params: rc.params,
        now: rc.now,
      }),
  },
  {
    method: 'GET',
    path: '/access/permissions',
    run: (rc) => {
      const me = caller(rc)
      const target = str(rc.params, 'userid') ?? me.authid
      // Anyone may look at themselves and their own tokens; others need Sys.Audit on /access.
      const own = target === me.authid || (me.token === undefined && splitTokenId(target)?.[0] === me.userid)
      if (!own && !rc.perms.has(me.authid, '/access', 'Sys.Audit')) throw forbidden('/access, Sys.Audit')
      const path = str(rc.params, 'path')
      if (path !== undefined) {
        const privs = rc.perms.privileges(target, path)
        return ok({ [path]: Object.fromEntries([...privs].map(([p, f]) => [p, f ? 1 : 0])) })
      }
      return ok(rc.perms.effective(target, rc.cluster.guests))
    },
  },
  {
    method: 'GET',
    path: '/access/users',
    run: (rc) => {
      const me = caller(rc)
      const opts = { enabled: bool(rc.params, 'enabled'), full: bool(rc.params, 'full') ?? false }
      return ok(userEntries(rc.cluster.access, rc.perms, me.authid, me.userid, opts))
    },
  },
  {
    method: 'GET',
    path: '/access/users/{userid}/token',
    run: (rc) => {
      const me = caller(rc)
      const userid = str(rc.params, 'userid') ?? ''
      if (userid !== me.userid && !rc.perms.has(me.authid, '/access/groups', 'User.Modify')) {
        throw forbidden('/access/groups, User.Modify')
      }
      const user = findUser(rc.cluster.access, userid)
      if (user === undefined) throw new ApiError(500, `no such user ('${userid}')\n`)
      return ok(tokenEntries(user))
    },
  },
  {
    method: 'GET',
    path: '/access/groups',
    run: (rc) => ok(groupEntries(rc.cluster.access, rc.perms, caller(rc).authid)),
  },
  {
    method: 'GET',
    path: '/access/roles',
    run: (rc) => ok(roleEntries(rc.cluster.access, rolesOf(rc.cluster))),
  },
  {
    method: 'GET',
    path: '/access/acl',
    run: (rc) => ok(aclEntries(rc.cluster.access, rc.perms, caller(rc).authid)),
  },
]
