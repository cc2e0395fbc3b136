import './inventory.css'

import { Text } from '@mantine/core'
import { FileArchive } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { useInventoryStore } from '../../stores/inventory-store'

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false

/**
 * Drag and drop of an inventory snapshot anywhere onto the window: an overlay says where it goes while files
 * are dragged over, and the dropped file is sent to main, verified and opened. Every file drop is taken here, so
 * a file dropped on the window never makes it navigate to that file.
 */
export function DropOverlay(): ReactElement | null {
  const { t } = useTranslation()
  const [over, setOver] = useState(false)

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed: count them, the overlay goes when the count is back to 0.
    let depth = 0
    const enter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth++
      setOver(true)
    }
    const overWindow = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy'
    }
    const leave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setOver(false)
    }
    const drop = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth = 0
      setOver(false)
      const file = event.dataTransfer?.files[0]
      if (file !== undefined) void useInventoryStore.getState().upload(file)
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', overWindow)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', overWindow)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [])

  if (!over) return null
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-overlay-box">
        <FileArchive size={40} aria-hidden="true" />
        <Text size="lg" fw={700} mt="sm">
          {t('inventory.drop.title')}
        </Text>
        <Text size="sm" mt={4}>
          {t('inventory.drop.hint')}
        </Text>
      </div>
    </div>
  )
}
