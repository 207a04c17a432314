// Dragging a call with a mouse, a pen or a finger (pointer events, so it works on touch screens where HTML5
// drag-and-drop does not). A drag starts on a call row once the pointer moved a few pixels; the element under the
// pointer with data-drop (a parking tile or an extension) is the target. Buttons in the row keep their clicks.

const THRESHOLD = 6; // px the pointer must travel before a press becomes a drag

/**
 * @param list     the element holding the draggable rows (li[data-channel])
 * @param ghost    a fixed element that follows the pointer while dragging
 * @param onDrop   called with (row, target) when a row is dropped on a [data-drop] element
 */
export function enableDrag(list, ghost, onDrop) {
  let press = null; // {row, x, y, id, dragging, over}

  list.addEventListener('pointerdown', e => {
    const row = e.target.closest('li[data-channel]');
    if (!row || e.target.closest('button') || e.button !== 0) return;
    press = { row, x: e.clientX, y: e.clientY, id: e.pointerId, dragging: false, over: null };
    row.setPointerCapture(e.pointerId);
  });

  list.addEventListener('pointermove', e => {
    if (!press || e.pointerId !== press.id) return;
    if (!press.dragging) {
      if (Math.hypot(e.clientX - press.x, e.clientY - press.y) < THRESHOLD) return;
      press.dragging = true;
      press.row.classList.add('dragging');
      document.body.classList.add('drag-active');
      ghost.textContent = press.row.querySelector('.parties')?.textContent ?? '';
      ghost.hidden = false;
    }
    ghost.style.transform = `translate(${e.clientX + 12}px, ${e.clientY + 12}px)`;
    const over = targetAt(e.clientX, e.clientY);
    if (over !== press.over) {
      press.over?.classList.remove('drop-hover');
      over?.classList.add('drop-hover');
      press.over = over;
    }
  });

  const finish = (e, cancelled) => {
    if (!press || e.pointerId !== press.id) return;
    const { row, dragging, over } = press;
    press = null;
    over?.classList.remove('drop-hover');
    row.classList.remove('dragging');
    document.body.classList.remove('drag-active');
    ghost.hidden = true;
    if (dragging && !cancelled) {
      const target = targetAt(e.clientX, e.clientY);
      if (target) onDrop(row, target);
    }
  };
  list.addEventListener('pointerup', e => finish(e, false));
  list.addEventListener('pointercancel', e => finish(e, true));
}

function targetAt(x, y) {
  return document.elementFromPoint(x, y)?.closest('[data-drop]') ?? null;
}
