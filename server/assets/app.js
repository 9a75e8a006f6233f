// filled in with the pages
