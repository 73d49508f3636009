// The atlas's width probe (dashboard/probe.py): reports the width of the container it is mounted in and the
// window's height, and warms the map's picking up.
export default function (component) {
  const { setStateValue, parentElement } = component;
  const host = parentElement.host || parentElement;
  let last = 0, lastViewport = 0, timer = null;
  const report = () => {
    const width = Math.round(host.getBoundingClientRect().width / 20) * 20;
    if (width > 0 && Math.abs(width - last) >= 40) { last = width; setStateValue("width", width); }
    const viewport = Math.round(window.innerHeight / 20) * 20;
    if (viewport > 0 && Math.abs(viewport - lastViewport) >= 40) { lastViewport = viewport; setStateValue("viewport", viewport); }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 250); };
  const observer = new ResizeObserver(later);
  observer.observe(host);
  window.addEventListener("resize", later);
  report();
  // deck.gl sets up its picking when the pointer first moves over the map, so a first click or tap that
  // comes with no movement before it (a tap on a touch screen, a quick click) used to pick nothing and be
  // lost: once the map's canvas is there, a pointer passes over it (away from the partners) and leaves.
  let tries = 0, warmer = null;
  const pass = (canvas) => {
    const box = canvas.getBoundingClientRect();
    const at = { bubbles: true, cancelable: true, composed: true, view: window, clientX: box.left + box.width / 2,
                 clientY: box.top + 6, pointerType: "mouse", pointerId: 1, isPrimary: true };
    const send = (types) => types.forEach((type) =>
      canvas.dispatchEvent(new (type.startsWith("mouse") ? MouseEvent : PointerEvent)(type, at)));
    send(["pointerover", "pointerenter", "pointermove", "mousemove"]);
    setTimeout(() => send(["pointerout", "pointerleave", "mouseout", "mouseleave"]), 200);
  };
  const warm = () => {
    const block = host.closest('[data-testid="stVerticalBlock"]');
    const canvas = block && block.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
    if (!canvas) { if (tries++ < 120) warmer = setTimeout(warm, 250); return; }
    if (canvas.dataset.warmed) return;
    canvas.dataset.warmed = "1";
    // more than once: the map may still be setting up its layers the first time
    [300, 1200, 2500].forEach((ms) => setTimeout(() => pass(canvas), ms));
  };
  warmer = setTimeout(warm, 300);
  return () => { observer.disconnect(); window.removeEventListener("resize", later); clearTimeout(timer);
                 clearTimeout(warmer); };
}
