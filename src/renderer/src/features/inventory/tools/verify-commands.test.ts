import { describe, expect, it } from 'vitest'

import { verifyCommands } from './verify-commands'

describe('the OpenSSH commands an auditor runs', () => {
  it('name the key in allowed_signers for the inventory namespace only, without its comment', () => {
    const c = verifyCommands('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKey pvedesk-inventory@noc host')
    expect(c.allowedSigners).toBe(
      'pvedesk namespaces="pvedesk-inventory" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKey',
    )
    expect(c.extract).toBe(
      'unzip -p FILE inventory.json > inventory.json\nunzip -p FILE inventory.json.sig > inventory.json.sig',
    )
    expect(c.verify).toBe(
      'ssh-keygen -Y verify -f allowed_signers -I pvedesk -n pvedesk-inventory -s inventory.json.sig < inventory.json',
    )
  })
})
