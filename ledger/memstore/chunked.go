package memstore

// blockBits sets the block size of a chunked list: 1024 elements.
const (
	blockBits = 10
	blockSize = 1 << blockBits
)

// chunked is an append-only list (with undo) kept in blocks of blockSize
// elements. Growing it never moves what it holds: a plain slice would copy
// everything at each growth and allocate about five times its final size
// along the way, which for the entry log was most of the store's garbage.
// The first block grows like a slice, so small stores stay small.
type chunked[T any] struct {
	blocks [][]T // all full (blockSize elements) but the last
	n      int
}

func (c *chunked[T]) len() int { return c.n }

// at returns element i (0 <= i < len).
func (c *chunked[T]) at(i int) *T { return &c.blocks[i>>blockBits][i&(blockSize-1)] }

// push appends v and returns its index.
func (c *chunked[T]) push(v T) int {
	last := len(c.blocks) - 1
	if last < 0 || len(c.blocks[last]) == blockSize {
		capacity := blockSize
		if last < 0 {
			capacity = 16
		}
		c.blocks = append(c.blocks, make([]T, 0, capacity))
		last++
	}
	c.blocks[last] = append(c.blocks[last], v)
	c.n++
	return c.n - 1
}

// pop removes the last element, keeping no reference to it.
func (c *chunked[T]) pop() {
	last := len(c.blocks) - 1
	b := c.blocks[last]
	var zero T
	b[len(b)-1] = zero
	c.blocks[last] = b[:len(b)-1]
	if len(b) == 1 && last > 0 { // the block is empty: drop it
		c.blocks[last] = nil
		c.blocks = c.blocks[:last]
	}
	c.n--
}
