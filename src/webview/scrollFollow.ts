// Follows the bottom of the transcript while the reader is there. An upward scroll stops following
// until the reader comes back to the bottom; a new question jumps there. Size changes are caught
// with a ResizeObserver (after layout, before paint), so rendering never forces a layout itself.

/** How close to the bottom (px) still counts as "at the bottom". */
export const BOTTOM_SLACK_PX = 8;

export class ScrollFollower {
  private following = true;
  /** scrollTop we set ourselves; a scroll event landing there is ours, not the reader's. */
  private ownScrollTop = -1;

  constructor(
    private readonly scroller: HTMLElement,
    content: HTMLElement,
  ) {
    scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    scroller.addEventListener(
      'wheel',
      (ev) => {
        if (ev.deltaY < 0) this.following = false;
      },
      { passive: true },
    );
    const observer = new ResizeObserver(() => this.keep());
    observer.observe(content);
    observer.observe(scroller);
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** Scroll to the bottom and follow from now on (the reader sent a message). */
  jumpToBottom(): void {
    this.following = true;
    this.keep();
  }

  /** Stay at the bottom if following. */
  keep(): void {
    if (!this.following) return;
    const s = this.scroller;
    const target = s.scrollHeight - s.clientHeight;
    if (Math.abs(s.scrollTop - target) > 1) {
      s.scrollTop = target;
      this.ownScrollTop = s.scrollTop;
    }
  }

  private atBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= BOTTOM_SLACK_PX;
  }

  private onScroll(): void {
    if (Math.abs(this.scroller.scrollTop - this.ownScrollTop) < 1) return;
    this.ownScrollTop = -1;
    this.following = this.atBottom();
  }
}
