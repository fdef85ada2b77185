// Media's callers use blob keys and stores with the photos they describe; the BlobStore module
// owns them, and importing Media brings them along.
@_exported import BlobStore
